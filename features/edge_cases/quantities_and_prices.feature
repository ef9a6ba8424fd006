@edge_cases
Feature: Quantities and prices at their limits
  A fan asks for at least one seat and at most the event's limit per fan; anything else is
  refused with the quantity named. Prices run from free to the largest amount the platform
  stores; a negative price or one beyond that is refused with the price named.

  Background:
    Given an on-sale event "Boundary Night" with 20 seats in section "A" at $25.00
    And fan "Maya" is registered

  @req:TDG-001.5 @req:ERR-001.3
  Scenario Outline: Asking for <quantity> seats is refused, naming the quantity
    When Maya reserves <quantity> seats in section "A"
    Then Maya's reservation is refused as invalid input naming "quantity"
    And 20 seats in section "A" are still available

    Examples:
      | quantity | why                         |
      | 0        | nothing asked for           |
      | -1       | a negative quantity         |
      | 9        | one above the limit per fan |
      | 21       | more than the event has     |

  @req:TDG-001.5
  Scenario Outline: Asking for <quantity> seats, <why>, is accepted
    When Maya reserves <quantity> seats in section "A"
    Then Maya holds a reservation for <quantity> seats

    Examples:
      | quantity | why                  |
      | 1        | the fewest possible  |
      | 8        | exactly the limit    |

  @req:TDG-001.5
  Scenario: A free seat is sold for $0.00
    Given an on-sale event "Free Gig" with 10 seats in section "A" at $0.00
    And Maya has reserved 2 seats in section "A"
    When Maya checks out with a valid card
    Then Maya's order is paid for $0.00
    And Maya holds 2 entitlements with gate access "GENERAL"

  @req:TDG-001.5
  Scenario: A very expensive seat is priced to the cent
    Given an on-sale event "Gala Dinner" with 10 seats in section "A" at $99,999.99
    And section "A" carries a $0.01 service fee and 8.25% tax
    When Maya reserves 2 seats in section "A"
    Then Maya's reservation totals $216,500.00

  @req:TDG-001.5
  Scenario Outline: A base price of <price> is accepted
    When an administrator adds a new price point with <price>
    Then the new price point reads back as it was entered

    Examples:
      | price                  |
      | a free base price      |
      | the largest base price |

  @req:TDG-001.5 @req:ERR-001.3
  Scenario Outline: A base price of <price> is refused, naming the base price
    When an administrator adds a new price point with <price>
    Then it is refused as invalid input naming "baseCents"

    Examples:
      | price                          |
      | a negative base price          |
      | a base price above the maximum |
