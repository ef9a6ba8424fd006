@offers
Feature: Members-only presales
  Some presales are for members of a fan tier only: fans of that tier see the presale and its
  seats and can buy them; every other fan sees nothing of it and cannot reserve from it.

  Background:
    Given an on-sale event "Gold Night" with 20 seats in section "A" at $50.00
    And a presale "Gold Circle" for "gold" tier members with 5 seats in section "M" at $30.00

  @req:FT-001.1 @req:API-001.4
  Scenario Outline: A <tier> tier member <sees> the members' presale
    Given fan "Maya" is registered as a "<tier>" tier member
    When Maya looks at the presales of the event
    Then Maya <sees> the presale "Gold Circle"
    And Maya sees <seats> seats on sale in section "M"

    Examples:
      | tier   | sees         | seats |
      | gold   | sees         | 5     |
      | silver | does not see | 0     |

  @req:FT-001.1 @req:API-001.4
  Scenario Outline: Only members of the tier reserve from the presale (<tier>)
    Given fan "Maya" is registered as a "<tier>" tier member
    When Maya reserves 2 seats from the presale "Gold Circle"
    Then Maya <outcome>

    Examples:
      | tier   | outcome                              |
      | gold   | holds a reservation for 2 seats      |
      | silver | is told the presale is not available |
      | GOLD   | is told the presale is not available |

  @req:API-001.4
  Scenario: A fan without any tier neither sees nor uses the presale
    Given fan "Omar" is registered
    When Omar looks at the presales of the event
    And Omar reserves 1 seat from the presale "Gold Circle"
    Then Omar does not see the presale "Gold Circle"
    And Omar is told the presale is not available
    And Omar sees 20 seats on sale in section "A"
