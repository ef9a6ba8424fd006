@inventory @serial
Feature: A fair sale under pressure
  When many fans try to buy the last seats at the same moment, every seat goes to exactly
  one fan and nobody gets a seat that was already taken.

  @req:FT-001.2 @req:FT-001.3
  Scenario: Concurrent fans never get the same seat
    Given an on-sale event "Final Tour Date" with 10 seats in section "A" at $75.00
    And 30 fans are registered
    When all 30 fans try to reserve 1 seat in section "A" at the same moment
    Then exactly 10 of them hold a reservation
    And no seat is reserved twice
    And 0 seats in section "A" are still available
