@inventory
Feature: Cancelled events
  Once the organiser cancels an event nobody can reserve or buy for it, reservations already
  made are let go, and fans no longer find it among the events on sale.

  Background:
    Given an on-sale event "Storm Festival" with 10 seats in section "A" at $70.00
    And fan "Maya" is registered

  @req:FT-001.1 @req:TDG-001.5
  Scenario: A cancelled event accepts no reservations
    Given the event is cancelled by the organiser
    When Maya reserves 2 seats in section "A"
    Then Maya is told the event is not on sale
    And the event is shown to fans as cancelled

  @req:FT-001.3
  Scenario: Cancelling an event lets its reservations go
    Given Maya has reserved 2 seats in section "A"
    When the organiser cancels the event
    Then Maya can no longer pay for her reservation
    And Maya has no paid order

  @req:FT-001.1
  Scenario: A cancelled event is no longer listed on sale
    Given the event is cancelled by the organiser
    When a fan browses the events on sale
    Then "Storm Festival" is not listed
