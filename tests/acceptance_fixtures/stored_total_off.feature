@fixture
Feature: A purchase whose stored total is one cent off (stored-state fixture)
  Run by tests/framework/test_stored_state_behave.py with a plugin that lowers the stored total of
  every paid order by one cent after the platform answered: every step passes, the check after
  the last step must fail the scenario.

  Scenario: The platform answers one total and stores another
    Given an on-sale event "Reconcile Probe" with 6 seats in section "A" at $10.00
    And fan "Maya" is registered
    And Maya has bought 2 seats in section "A"
    Then 4 seats in section "A" are still available
