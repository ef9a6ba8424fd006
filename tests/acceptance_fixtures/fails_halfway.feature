@fixture
Feature: A journey that fails halfway (cleanup fixture)

  Scenario: Data is created, then a check fails
    Given an on-sale event "Cleanup Probe" with 6 seats in section "A" at $10.00
    And fan "Maya" is registered
    And Maya has bought 2 seats in section "A"
    Then 6 seats in section "A" are still available
    And Maya holds 2 entitlements with gate access "GENERAL"
