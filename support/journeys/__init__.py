"""Business actions and questions (screenplay style): what steps call, one function per phrase.

``setup`` creates data through the factories, ``buying`` acts as a fan or staff member through the
platform's APIs, ``questions`` reads what the platform says now. Each function's docstring is the
log line a reader sees.
"""
