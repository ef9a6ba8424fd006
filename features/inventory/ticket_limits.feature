@inventory
Feature: Tickets per fan
  A fan may hold at most the event's number of tickets per fan, counting the tickets they
  bought and the seats they have reserved but not paid for yet.

  Background:
    Given an on-sale event "Hot Ticket" with 10 seats in section "A" at $40.00
    And fans may hold at most 4 tickets for the event
    And fan "Maya" is registered

  @req:TDG-001.5 @req:FT-001.3
  Scenario Outline: Owning <owned>, holding <held>, asking for <asked> more
    Given Maya already owns <owned> tickets for the event
    And Maya already holds <held> reserved tickets for the event
    When Maya asks for <asked> more tickets in section "A"
    Then Maya <outcome>

    Examples:
      | owned | held | asked | outcome                                |
      | 0     | 0    | 4     | is given the tickets                   |
      | 3     | 0    | 1     | is given the tickets                   |
      | 3     | 0    | 2     | is told her ticket limit is reached    |
      | 0     | 3    | 1     | is given the tickets                   |
      | 0     | 3    | 2     | is told her ticket limit is reached    |
      | 2     | 1    | 1     | is given the tickets                   |
      | 2     | 2    | 1     | is told her ticket limit is reached    |

  @req:TDG-001.5
  Scenario: Asking for more than the limit at once is refused
    When Maya asks for 5 more tickets in section "A"
    Then Maya is told one fan cannot have that many tickets
    And 10 seats in section "A" are still available

  @req:FT-001.3
  Scenario: Seats a fan let go no longer count towards the limit
    Given Maya has reserved 4 seats in section "A"
    When Maya releases her reservation
    And Maya asks for 4 more tickets in section "A"
    Then Maya is given the tickets

  @req:FT-001.3
  Scenario: Tickets of a cancelled order no longer count towards the limit
    Given Maya has bought 4 seats in section "A"
    When Maya cancels her order
    And Maya asks for 4 more tickets in section "A"
    Then Maya is given the tickets

  @req:TDG-001.5
  Scenario: Presale seats count towards the same limit
    Given a presale "Early Birds" that is open now with 5 seats in section "P" at $40.00
    And Maya has reserved 3 seats from the presale "Early Birds"
    When Maya asks for 2 more tickets in section "A"
    Then Maya is told her ticket limit is reached

  @req:FT-001.3
  Scenario: Tickets for another event do not count towards this event's limit
    Given an on-sale event "Other Show" with 10 seats in section "B" at $20.00
    And Maya already owns 2 tickets for the event
    And Maya already holds 2 reserved tickets for the event
    When Maya asks for 4 more tickets for "Hot Ticket" in section "A"
    Then Maya is given the tickets
