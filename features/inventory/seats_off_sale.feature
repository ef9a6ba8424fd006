@inventory
Feature: Seats taken off sale
  Operations staff hold seats back (for guests, production, later release) or kill them (seats
  that do not exist on the night). Neither kind is ever offered to fans.

  Background:
    Given an on-sale event "Theatre Night" with 10 seats in section "A" at $45.00
    And fan "Maya" is registered

  @req:FT-001.3 @req:TDG-001.5
  Scenario Outline: <action> seats are never offered to fans
    Given 3 seats in section "A" are <action> by operations
    When Maya reserves 8 seats in section "A"
    Then Maya is told there are not enough seats
    And 7 seats in section "A" are still available

    Examples:
      | action |
      | held   |
      | killed |

  @req:FT-001.3
  Scenario: Held seats come back on sale when operations release them
    Given 3 seats in section "A" are held by operations
    When operations staff put the held seats back on sale
    Then 10 seats in section "A" are still available
    When Maya reserves 8 seats in section "A"
    Then Maya holds a reservation for 8 seats
