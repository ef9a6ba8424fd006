@inventory
Feature: Ticket types
  A section can sell the same seats at different prices for adults, children and seniors; the
  fan picks the type when reserving and the order keeps it.

  Background:
    Given an on-sale event "Family Day" with 10 seats in section "A" at $50.00
    And section "A" also sells child tickets at $25.00
    And section "A" also sells senior tickets at $35.00
    And fan "Maya" is registered

  @req:FT-001.1 @req:TDG-001.5
  Scenario Outline: A fan buys <type> tickets at the <type> price
    When Maya reserves 2 <type> tickets in section "A"
    Then Maya's reservation totals <total>
    When Maya checks out with a valid card
    Then Maya's order is paid for <total>
    And all of Maya's tickets are <type> tickets

    Examples:
      | type   | total   |
      | adult  | $100.00 |
      | child  | $50.00  |
      | senior | $70.00  |

  @req:TDG-001.5
  Scenario: A ticket type the section does not sell cannot be reserved
    When Maya reserves 2 student tickets in section "A"
    Then Maya is told there are not enough seats
    And 10 seats in section "A" are still available

  @req:API-001.1 @req:FT-001.1
  Scenario: Fans see the price of every ticket type
    When a fan looks at the availability of "Family Day"
    Then section "A" is priced for fans as:
      | ticket | price  |
      | adult  | $50.00 |
      | child  | $25.00 |
      | senior | $35.00 |
