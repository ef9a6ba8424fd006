@inventory
Feature: Reserving seats
  A reservation takes seats off sale for a short time while the fan pays. Seats come back
  when the fan lets them go or the time runs out.

  Background:
    Given an on-sale event "Jazz Night" with 10 seats in section "A" at $40.00
    And fan "Maya" is registered

  @req:FT-001.3
  Scenario: Reserved seats are taken off sale for other fans
    When Maya reserves 3 seats in section "A"
    Then Maya holds a reservation for 3 seats
    And 7 seats in section "A" are still available

  @req:FT-001.3
  Scenario: Releasing a reservation puts the seats back on sale
    Given Maya has reserved 2 seats in section "A"
    When Maya releases her reservation
    Then 10 seats in section "A" are still available

  @req:TDG-001.5
  Scenario: A fan cannot reserve more seats than are left
    Given fan "Omar" is registered
    And Omar has reserved 8 seats in section "A"
    When Maya reserves 3 seats in section "A"
    Then Maya is told there are not enough seats
    And 2 seats in section "A" are still available

  @slow @needs-short-lock-ttl @req:FT-001.3
  Scenario: A reservation that is not paid in time expires
    Given Maya has reserved 2 seats in section "A"
    When Maya's reservation runs out of time
    Then 10 seats in section "A" are still available
    And Maya cannot check out the expired reservation
