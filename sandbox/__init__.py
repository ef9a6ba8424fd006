"""Jump reference platform: a runnable stand-in for Jump's ticketing services.

It knows nothing of the test framework: the framework talks to it only over HTTP and SQL,
exactly as it would to a real deployment. See ../shared/PLATFORM.md for the contract and
sandbox/README.md for how it maps onto this code.
"""
