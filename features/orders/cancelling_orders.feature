@orders
Feature: Cancelling orders
  A paid order can be cancelled: the fan is refunded, the tickets stop working and the
  seats go back on sale.

  Background:
    Given an on-sale event "Rock Opera" with 10 seats in section "A" at $60.00
    And fan "Maya" is registered
    And Maya has bought 2 seats in section "A"

  @req:FT-001.1
  Scenario: Cancelling a paid order refunds it and frees the seats
    When Maya cancels her order
    Then Maya's order is refunded
    And Maya's entitlements no longer admit her
    And 10 seats in section "A" are still available

  @req:API-001.4
  Scenario: A fan cannot cancel someone else's order
    Given fan "Omar" is registered
    When Omar tries to cancel Maya's order
    Then Omar is told the order does not exist
    And Maya's order is still paid

  @req:API-001.4
  Scenario: Operations staff cancel an order for a fan
    When operations staff cancel Maya's order
    Then Maya's order is refunded
    And 10 seats in section "A" are still available
