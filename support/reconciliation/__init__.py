"""Stored state reconciled: what the inventory database holds after a scenario, against what the API said.

observed.py reads the answers (a jump_exchange plugin), support/db/stored_orders.py the rows,
rules.py compares them, check.py judges one scenario's orders, scenario_check.py runs it after
every scenario (support/hooks.py) and for the Then step.
"""
