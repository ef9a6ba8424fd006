@orders
Feature: A fan's order history
  Fans find every order they made, newest first, with what it cost, and nobody else's.

  Background:
    Given an on-sale event "Blues Week" with 10 seats in section "A" at $50.00
    And fan "Maya" is registered

  @req:FT-001.1 @req:FT-001.3
  Scenario: A fan's orders are listed newest first
    Given Maya has bought 2 seats in section "A"
    And Maya has bought 1 seat in section "A"
    Then Maya's order history lists, newest first:
      | status | total   | seats |
      | PAID   | $50.00  | 1     |
      | PAID   | $100.00 | 2     |

  @req:API-001.4
  Scenario: A fan never sees another fan's orders
    Given Maya has bought 2 seats in section "A"
    And fan "Omar" is registered
    Then Omar's order history is empty

  @req:FT-001.1
  Scenario: A cancelled order stays in the history as refunded
    Given Maya has bought 2 seats in section "A"
    When Maya cancels her order
    Then Maya's order history lists, newest first:
      | status   | total   | seats |
      | REFUNDED | $100.00 | 2     |
