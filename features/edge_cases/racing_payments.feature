@edge_cases
Feature: Paying for one reservation from many devices at once
  A fan who taps "pay" on a phone and a laptop at the same moment buys the seats once: one
  order, one charge. The other devices are told the reservation has already been used.

  @req:TDG-001.5 @req:FT-001.2 @req:FT-001.4
  Scenario: Five devices pay for the same reservation at the same moment
    Given an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00
    And section "A" carries a $4.50 service fee and 8.25% tax
    And fan "Maya" is registered
    And Maya has reserved 2 seats in section "A"
    When Maya pays for the same reservation from 5 devices at the same moment
    Then exactly one of Maya's payments goes through
    And Maya has exactly one paid order, charged once for $118.00
    And 18 seats in section "A" are still available
