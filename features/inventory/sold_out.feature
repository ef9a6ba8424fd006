@inventory
Feature: Sold out
  An event with no seat left to sell reads sold out, and reads on sale again as soon as a
  seat comes back, however it was taken.

  Background:
    Given an on-sale event "Small Room" with 4 seats in section "A" at $30.00
    And fan "Maya" is registered

  @req:FT-001.3 @req:DB-001.2
  Scenario: An event whose seats are all bought is sold out until an order is cancelled
    Given Maya has bought 4 seats in section "A"
    And fan "Omar" is registered
    When Omar reserves 1 seat in section "A"
    Then Omar is told there are not enough seats
    And the event is shown to fans as sold out
    When Maya cancels her order
    Then the event is shown to fans as on sale
    And 4 seats in section "A" are still available

  @req:FT-001.3
  Scenario: An event whose seats are all reserved is sold out until they are released
    Given Maya has reserved 4 seats in section "A"
    Then the event is shown to fans as sold out
    When Maya releases her reservation
    Then the event is shown to fans as on sale

  @req:FT-001.3
  Scenario: An event whose seats are all held is sold out until they are released
    Given 4 seats in section "A" are held by operations
    Then the event is shown to fans as sold out
    When operations staff put the held seats back on sale
    Then the event is shown to fans as on sale

  @req:FT-001.3
  Scenario: Operations see an event whose seats they all held as sold out
    Given 4 seats in section "A" are held by operations
    Then "Small Room" is SOLD_OUT in the management view
    When operations staff put the held seats back on sale
    Then "Small Room" is ON_SALE in the management view
