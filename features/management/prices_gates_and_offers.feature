@management
Feature: Prices, gates and offers set by administrators
  What an administrator sets in the management API is what fans see and get: the all-in
  price, the gate printed on the ticket, and which offers they are shown.

  @req:FT-001.1 @req:API-001.2
  Scenario: Fees and tax set by an administrator make up the price fans see
    Given a draft event "Harbour Lights" with no seats yet
    And operations have laid out the seats of "Harbour Lights":
      | section | price code | rows | seats per row |
      | A       | STD        | 1    | 10            |
    And an administrator has priced "STD" seats of "Harbour Lights" at $50.00 for an adult
    When an administrator adds a $4.50 service fee and 8.25% tax to the "STD" price
    And an administrator puts "Harbour Lights" on sale
    And a fan looks at the availability of "Harbour Lights"
    Then section "A" shows 10 seats available at $59.00 for an adult

  @req:API-001.2 @req:ERR-001.3
  Scenario: The same seats cannot be priced twice for the same kind of fan
    Given a draft event "Harbour Lights" with no seats yet
    And an administrator has priced "STD" seats of "Harbour Lights" at $50.00 for an adult
    When an administrator prices "STD" seats of "Harbour Lights" at $45.00 for an adult
    Then it is refused as a conflict

  @req:FT-001.1
  Scenario: The gate an administrator sets is printed on every ticket sold
    Given an on-sale event "Summer Nights" with 5 seats in section "A" at $50.00
    And an administrator has made every seat of "Summer Nights" admit through the "BALCONY" gate
    And fan "Maya" is registered
    And Maya has bought 2 seats in section "A"
    Then Maya holds 2 entitlements with gate access "BALCONY"

  @req:FT-001.1
  Scenario: A section's gate set by an administrator is printed on that section's tickets only
    Given an on-sale event "Summer Nights" with 5 seats in section "A" at $50.00
    And the event also has 5 seats in section "B" at $80.00
    And an administrator has made section "B" of "Summer Nights" admit through the "VIP" gate
    And fan "Maya" is registered
    And Maya has bought 2 seats in section "B"
    Then Maya holds 2 entitlements with gate access "VIP"

  @req:API-001.2 @req:ERR-001.3
  Scenario: A gate cannot be set for a section of another event
    Given an on-sale event "Summer Nights" with 5 seats in section "A" at $50.00
    And an on-sale event "Winter Gala" with 5 seats in section "B" at $80.00
    When an administrator sets the "FLOOR" gate of "Summer Nights" for section "B" of "Winter Gala"
    Then it is refused as invalid input naming "blockId"

  @req:API-001.2 @req:ERR-001.3
  Scenario: An event has one event-wide gate only
    Given an on-sale event "Summer Nights" with 5 seats in section "A" at $50.00
    And an administrator has made every seat of "Summer Nights" admit through the "BALCONY" gate
    When an administrator makes every seat of "Summer Nights" admit through the "FLOOR" gate
    Then it is refused as a conflict

  @req:FT-001.1 @req:API-001.4
  Scenario: An offer behind an access code is shown to fans as needing one
    Given an on-sale event "Summer Nights" with 5 seats in section "A" at $50.00
    And fan "Maya" is registered
    When an administrator opens the offer "Presale" for "Summer Nights" behind the access code "EARLY-BIRD"
    Then Maya sees the offer "Presale" for "Summer Nights", needing an access code

  @req:FT-001.1 @req:API-001.4
  Scenario: An offer kept for fan-club members is shown to members only
    Given an on-sale event "Summer Nights" with 5 seats in section "A" at $50.00
    And fan "Nia" is registered with the attribute "tier" set to "gold"
    And fan "Maya" is registered
    And an administrator has opened the offer "Fan Club Presale" for "Summer Nights"
    When an administrator keeps the offer "Fan Club Presale" for fans whose "tier" is "gold"
    Then Nia sees the offer "Fan Club Presale" for "Summer Nights"
    And Maya does not see the offer "Fan Club Presale" for "Summer Nights"
