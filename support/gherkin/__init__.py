"""Gherkin vocabulary helpers: parameter types for step phrases."""
