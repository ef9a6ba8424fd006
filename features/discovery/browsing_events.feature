@discovery
Feature: Browsing events
  Fans find out what is on sale, how many seats are left and what a seat costs all-in,
  before they commit to anything.

  Background:
    Given an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00
    And a draft event "Winter Gala" with 10 seats in section "A" at $80.00

  @req:FT-001.1 @req:API-001.1
  Scenario: Only events that are on sale are shown to fans
    When a fan browses the events on sale
    Then "Summer Nights" is listed
    And "Winter Gala" is not listed

  @req:FT-001.1 @req:API-001.1
  Scenario: Fans find the events a performer plays
    Given an on-sale event "Autumn Lights" with 10 seats in section "A" at $30.00
    And "Summer Nights" features the performer "The Lanterns"
    And "Autumn Lights" features the performer "Brass Tide"
    When a fan looks for the events of "The Lanterns"
    Then "Summer Nights" is listed
    And "Autumn Lights" is not listed

  @req:API-001.1
  Scenario: Fans browse the events on sale page by page
    Given an on-sale event "Autumn Lights" with 10 seats in section "A" at $30.00
    And an on-sale event "Spring Fair" with 10 seats in section "A" at $20.00
    When a fan browses the events on sale at the venue 2 at a time
    Then the fan sees 3 events on 2 pages, each event once

  @req:API-001.1 @req:API-001.3
  Scenario: A fan sees the seats left and the all-in price of a section
    Given section "A" of "Summer Nights" carries a $4.50 service fee and 8.25% tax
    When a fan looks at the availability of "Summer Nights"
    Then section "A" shows 20 seats available at $59.00 for an adult

  @req:API-001.2 @req:API-001.4
  Scenario: Analysts see the same event in the management view
    When an analyst looks up "Summer Nights" in the management view
    Then the management view shows "Summer Nights" as on sale
