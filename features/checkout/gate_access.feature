@checkout
Feature: Gate access on tickets
  Every seat bought becomes one ticket with its own barcode. The ticket admits through the gate
  of its section when the section has one, else through the event's gate, else the general gate.

  Background:
    Given an on-sale event "Stadium Show" with 10 seats in section "A" at $50.00
    And the event also has 10 seats in section "B" at $80.00
    And fan "Maya" is registered

  @req:FT-001.1
  Scenario: Without any gate set up tickets admit through the general gate
    Given Maya has bought 2 seats in section "A"
    Then Maya holds 2 entitlements with gate access "GENERAL"

  @req:FT-001.1 @req:TDG-001.2
  Scenario Outline: A section's own gate wins over the event's gate (section <section>)
    Given the event admits through the "MAIN" gate
    And section "A" admits through the "VIP" gate
    And Maya has bought 2 seats in section "<section>"
    Then Maya holds 2 entitlements with gate access "<gate>"

    Examples:
      | section | gate |
      | A       | VIP  |
      | B       | MAIN |

  @req:TDG-001.2
  Scenario: A section's gate applies to that section only
    Given section "A" admits through the "VIP" gate
    And Maya has bought 2 seats in section "B"
    Then Maya holds 2 entitlements with gate access "GENERAL"

  @req:FT-001.1 @req:DB-001.5
  Scenario: Every seat bought is a ticket with its own barcode
    Given Maya has bought 4 seats in section "B"
    Then Maya holds 4 entitlements with gate access "GENERAL"
    And every seat of Maya's order has a ticket of its own
