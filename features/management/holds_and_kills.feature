@management
Feature: Holding and killing seats
  Operations take seats off sale: held seats are kept back for later, killed seats do not exist
  on the night. Neither is ever offered to fans; releasing them puts them back on sale. A hold
  or a release changes all the chosen seats or none of them.

  Background:
    Given an on-sale event "Jazz Night" with 10 seats in section "A" at $40.00
    And fan "Maya" is registered

  @req:FT-001.3
  Scenario Outline: <status> seats are not offered to fans
    When operations <action> 4 seats in section "A"
    Then 6 seats in section "A" are still available
    And the management view counts 4 <status> seats in section "A"

    Examples:
      | action | status |
      | hold   | HELD   |
      | kill   | KILLED |

  @req:FT-001.3
  Scenario: Fans cannot reserve held seats
    Given 8 seats in section "A" are held by operations
    When Maya reserves 3 seats in section "A"
    Then Maya is told there are not enough seats
    And 2 seats in section "A" are still available

  @req:FT-001.3
  Scenario Outline: Releasing <status> seats puts them back on sale
    Given 4 seats in section "A" are <status> by operations
    When operations put those seats back on sale
    Then 10 seats in section "A" are still available
    And the management view counts 10 AVAILABLE seats in section "A"

    Examples:
      | status |
      | held   |
      | killed |

  @req:FT-001.3
  Scenario: A whole section can be held at once
    When operations hold all of section "A"
    Then 0 seats in section "A" are still available

  @req:FT-001.3 @req:ERR-001.3
  Scenario: Holding seats of which some are already held changes nothing
    Given 4 seats in section "A" are held by operations
    When operations hold 6 seats in section "A"
    Then operations are told some of those seats are not in a state to change
    And 6 seats in section "A" are still available

  @req:FT-001.3 @req:ERR-001.3
  Scenario: Seats that are on sale cannot be released
    When operations put 3 seats of section "A" back on sale
    Then operations are told some of those seats are not in a state to change

  @req:ERR-001.3
  Scenario: Holding a section the event does not have names the section
    When operations hold all of section "Z"
    Then it is refused as invalid input naming "section"
