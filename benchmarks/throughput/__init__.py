"""Parts of benchmarks/platform_throughput.py, one job per module (that script is the entry point).

  scenarios  what each scenario's clients do, and the names and titles of the scenarios
  load       the asyncio + aiohttp load processes, and merging what they measured into figures
  cpu        CPU accounting (/proc, getrusage) and the "bound" verdict
  data       the run's test data: seeding, clean-up and checking that none of it is left
  output     the table, the target checks and the JSON line
"""
