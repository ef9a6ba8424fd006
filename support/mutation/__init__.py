"""Mutation runs over the reference platform: does the acceptance suite fail when a business rule is broken?"""
