@offers
Feature: Presale windows
  A presale sells its own seats, but only while it runs: before it opens and after it ends,
  fans neither see it nor buy from it, and its seats are never sold in the public sale.

  Background:
    Given an on-sale event "Spring Tour" with 20 seats in section "A" at $50.00
    And fan "Maya" is registered

  @req:FT-001.1 @req:TDG-001.5
  Scenario Outline: A presale that <window> is <visibility> to fans
    Given a presale "Early Birds" that <window> with 5 seats in section "P" at $40.00
    When Maya looks at the presales of the event
    Then Maya <sees> the presale "Early Birds"
    And Maya sees <seats> seats on sale in section "P"

    Examples:
      | window          | visibility | sees         | seats |
      | is open now     | shown      | sees         | 5     |
      | opens next week | hidden     | does not see | 0     |
      | ended yesterday | hidden     | does not see | 0     |

  @req:FT-001.1 @req:TDG-001.5
  Scenario Outline: Only a presale that is open sells its seats (it <window>)
    Given a presale "Early Birds" that <window> with 5 seats in section "P" at $40.00
    When Maya reserves 2 seats from the presale "Early Birds"
    Then Maya <outcome>

    Examples:
      | window          | outcome                              |
      | is open now     | holds a reservation for 2 seats      |
      | opens next week | is told the presale is not available |
      | ended yesterday | is told the presale is not available |

  @req:FT-001.1
  Scenario: Presale seats are paid for at the presale price
    Given a presale "Early Birds" that is open now with 5 seats in section "P" at $40.00
    And Maya has reserved 2 seats from the presale "Early Birds"
    When Maya checks out with a valid card
    Then Maya's order is paid for $80.00
    And 3 seats in section "P" are still available
    And 20 seats in section "A" are still available

  @req:TDG-001.5
  Scenario: Presale seats are not sold in the public sale
    Given a presale "Early Birds" that is open now with 5 seats in section "P" at $40.00
    When Maya reserves 2 seats in section "P"
    Then Maya is told there are not enough seats
    And 5 seats in section "P" are still available
