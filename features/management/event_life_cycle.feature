@management
Feature: Putting an event on sale and calling it off
  An event is announced as a draft, gets its seat map and its prices, goes on sale, and may be
  cancelled. An event without seats cannot go on sale, and a cancelled event sells nothing more.

  @req:FT-001.1 @req:API-001.2
  Scenario: An event goes on sale once its seats are laid out and priced
    Given a draft event "Harbour Lights" with no seats yet
    And operations have laid out the seats of "Harbour Lights":
      | section | price code | rows | seats per row |
      | A       | STD        | 2    | 5             |
      | B       | PREMIUM    | 1    | 4             |
    And an administrator has priced "STD" seats of "Harbour Lights" at $40.00 for an adult
    When an administrator puts "Harbour Lights" on sale
    Then "Harbour Lights" is ON_SALE in the management view
    And 10 seats in section "A" are still available
    And the management view counts 4 AVAILABLE seats in section "B"

  @req:FT-001.1 @req:ERR-001.3
  Scenario: A draft event without seats cannot go on sale
    Given a draft event "Harbour Lights" with no seats yet
    When an administrator puts "Harbour Lights" on sale
    Then it is refused as a conflict
    And "Harbour Lights" is DRAFT in the management view

  @req:API-001.2 @req:ERR-001.3
  Scenario: An event whose seats are laid out cannot be deleted
    Given an on-sale event "Rock Opera" with 10 seats in section "A" at $60.00
    When an administrator deletes the event "Rock Opera"
    Then it is refused as a conflict
    And "Rock Opera" is ON_SALE in the management view

  @req:FT-001.1 @req:FT-001.3
  Scenario: A cancelled event accepts no reservations and frees the seats held for it
    Given an on-sale event "Rock Opera" with 10 seats in section "A" at $60.00
    And fan "Maya" is registered
    And fan "Omar" is registered
    And Omar has reserved 2 seats in section "A"
    When an administrator cancels "Rock Opera"
    And Maya reserves 1 seat in section "A"
    Then Maya is told the event is not on sale
    And "Rock Opera" is CANCELLED in the management view
    And the management view counts 10 AVAILABLE seats in section "A"

  @req:FT-001.1
  Scenario: A cancelled event cannot go back on sale
    Given an on-sale event "Rock Opera" with 10 seats in section "A" at $60.00
    And an administrator has cancelled "Rock Opera"
    When an administrator puts "Rock Opera" on sale
    Then it is refused as a conflict
    And "Rock Opera" is CANCELLED in the management view

  @req:FT-001.1
  Scenario: The seat map of a cancelled event can no longer change
    Given an on-sale event "Rock Opera" with 10 seats in section "A" at $60.00
    And an administrator has cancelled "Rock Opera"
    When operations lay out the seats of "Rock Opera":
      | section | price code | rows | seats per row |
      | B       | STD        | 1    | 10            |
    Then it is refused as a conflict

  @req:API-001.2 @req:ERR-001.3
  Scenario Outline: A seat map with <problem> is refused, naming <field>
    Given a draft event "Harbour Lights" with no seats yet
    When operations lay out the seats of "Harbour Lights":
      | section | price code   | rows   | seats per row |
      | A       | <price code> | <rows> | <seats>       |
    Then it is refused as invalid input naming "<field>"

    Examples:
      | problem                 | price code | rows | seats | field                   |
      | an unknown price code   | NOPE       | 1    | 5     | sections.0.priceCode    |
      | a row without seats     | STD        | 1    | 0     | sections.0.rows.0.seats |
      | a row of 1,001 seats    | STD        | 1    | 1001  | sections.0.rows.0.seats |
      | a section without rows  | STD        | 0    | 5     | sections.0.rows         |
