@fans
Feature: Erasing a fan's personal data (GDPR)
  A fan may ask for their personal data to be erased. Their name, e-mail address and phone
  number are gone for good, they can no longer log in and their reservations are let go; their
  orders stay in the accounts, no longer tied to a person.

  Background:
    Given an on-sale event "Open Air" with 10 seats in section "A" at $50.00
    And fan "Maya" is registered

  @req:FT-001.1 @req:DB-001.2
  Scenario: Erasure removes the fan's personal data
    When Maya asks to erase her personal data
    Then staff find no personal data on Maya's profile

  @req:FT-001.3 @req:DB-001.5
  Scenario: The orders of an erased fan are kept without personal data
    Given Maya has bought 2 seats in section "A"
    When Maya asks to erase her personal data
    Then Maya's paid order is kept for the accounts
    And staff find no personal data on Maya's profile
    And 8 seats in section "A" are still available

  @req:API-001.4
  Scenario: An erased fan can no longer log in
    When Maya asks to erase her personal data
    Then Maya can no longer log in

  @req:FT-001.3
  Scenario: Erasure lets the fan's reservations go
    Given Maya has reserved 3 seats in section "A"
    When Maya asks to erase her personal data
    Then 10 seats in section "A" are still available
    And Maya can no longer pay for her reservation

  @req:API-001.4
  Scenario: An erased fan's open session can no longer reserve
    When Maya asks to erase her personal data
    And Maya reserves 2 seats in section "A"
    Then Maya is told her profile no longer exists
    And 10 seats in section "A" are still available
