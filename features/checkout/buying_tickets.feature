@checkout
Feature: Buying tickets
  Fans pay for reserved seats by card and receive one entitlement per seat.

  Background:
    Given an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00
    And section "A" carries a $4.50 service fee and 8.25% tax
    And fan "Maya" is registered

  @req:FT-001.1 @req:API-001.1
  Scenario: A fan buys two seats
    Given Maya has reserved 2 seats in section "A"
    When Maya checks out with a valid card
    Then Maya's order is paid for $118.00
    And Maya holds 2 entitlements with gate access "GENERAL"
    And 18 seats in section "A" are still available
    And what was stored matches what the platform said

  @req:FT-001.1
  Scenario: Seats in a VIP section carry VIP gate access
    Given section "A" admits through the "VIP" gate
    And Maya has reserved 1 seat in section "A"
    When Maya checks out with a valid card
    Then Maya holds 1 entitlement with gate access "VIP"

  @req:ERR-001.3
  Scenario: A declined card leaves the order unpaid and the seats reserved
    Given Maya has reserved 2 seats in section "A"
    When Maya checks out with a card that is declined
    Then Maya is told the payment was declined
    And Maya has no paid order
    And 18 seats in section "A" are still available

  @req:SEC-001.3
  Scenario: A card number typed where the payment belongs is refused and kept nowhere
    Card details go to the payment provider, which hands the platform a token; a card number
    reaching the platform itself must be refused, never repeated back and never stored (PCI DSS).
    Given Maya has reserved 2 seats in section "A"
    When Maya checks out typing the card number "4111 1111 1111 1111" where the payment belongs
    Then Maya is told the payment details are not accepted
    And the card number shows in no answer of the platform and nowhere in what it stored
    And Maya has no paid order

  @req:FT-001.4
  Scenario: Repeating the same payment never charges twice
    Given Maya has reserved 2 seats in section "A"
    When Maya checks out with a valid card
    And Maya repeats the same checkout
    Then both checkouts return the same order
    And Maya was charged once for $118.00
