@pricing
Feature: Itemised prices
  The price of a seat is its base price plus fixed fees, plus tax on both, rounded half up
  to the cent. The fan sees every part of it when they reserve.

  @req:FT-001.1 @req:TDG-001.5
  Scenario Outline: The all-in price of a seat is itemised (<base> + <fee> fee + <tax> tax)
    Given an on-sale event "Price Check" with 10 seats in section "A" at <base>
    And section "A" carries a <fee> service fee and <tax> tax
    And fan "Maya" is registered
    When Maya reserves 1 seat in section "A"
    Then Maya's reservation shows a base of <base>, fees of <fee>, tax of <tax amount> and a total of <total>

    Examples:
      | base   | fee   | tax   | tax amount | total  |
      | $50.00 | $4.50 | 8.25% | $4.50      | $59.00 |
      | $10.00 | $0.00 | 5%    | $0.50      | $10.50 |
      | $0.10  | $0.00 | 5%    | $0.01      | $0.11  |
      | $33.33 | $1.00 | 7.5%  | $2.57      | $36.90 |

  @req:FT-001.1
  Scenario: The reservation total is the sum of its seats
    Given an on-sale event "Triple Bill" with 10 seats in section "B" at $20.00
    And section "B" carries a $1.50 service fee and 10% tax
    And fan "Omar" is registered
    When Omar reserves 3 seats in section "B"
    Then Omar's reservation totals $70.95
