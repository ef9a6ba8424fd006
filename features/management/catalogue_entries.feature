@management
Feature: Keeping the catalogue
  Administrators enter what is sold (venues, seasons, performers, events, prices, gates, offers
  and fans) through the management API. What they enter is stored as entered; what makes no
  sense is refused with the field that is wrong, so they know what to fix.

  @req:API-001.2 @req:FT-001.1
  Scenario Outline: An administrator adds a new <entry>
    When an administrator adds a new <entry>
    Then the new <entry> reads back as it was entered

    Examples:
      | entry                |
      | venue                |
      | season               |
      | performer            |
      | event                |
      | event group          |
      | price point          |
      | fee                  |
      | tax                  |
      | entitlement template |
      | offer                |
      | access code          |
      | user attribute       |
      | fan                  |

  @req:API-001.2
  Scenario Outline: An administrator renames a <entry>
    Given an administrator has added a new <entry>
    When an administrator renames it to "Renamed by the box office"
    Then the <entry> reads back as it was entered

    Examples:
      | entry     |
      | venue     |
      | performer |
      | offer     |

  @req:API-001.2
  Scenario: A fan whose e-mail address an administrator changed signs in with the new one
    Given an administrator has added a new fan
    When an administrator changes the fan's e-mail address
    Then the fan reads back as it was entered
    And the fan signs in with the new e-mail address, not the old one

  @req:API-001.2 @req:SEC-001.1
  Scenario: A second fan whose e-mail address differs from a fan's only in capitals is refused
    Given an administrator has added a new fan
    When an administrator adds another fan with the same e-mail address in capitals
    Then it is refused as a conflict

  @req:API-001.2 @req:TDG-001.4
  Scenario Outline: An administrator removes a <entry> nobody uses
    Given an administrator has added a new <entry>
    When an administrator removes it
    Then the <entry> can no longer be found

    Examples:
      | entry       |
      | season      |
      | performer   |
      | access code |

  @req:API-001.2 @req:ERR-001.3
  Scenario Outline: A new <entry> with <problem> is refused, naming <field>
    When an administrator adds a new <entry> with <problem>
    Then it is refused as invalid input naming "<field>"

    Examples:
      | entry                | problem                         | field            |
      | venue                | no name                         | name             |
      | venue                | a 201-character name            | name             |
      | venue                | a negative capacity             | capacity         |
      | venue                | a country that is not a code    | country          |
      | venue                | an unknown time zone            | timezone         |
      | season               | an end before its start (dates) | endsOn           |
      | performer            | an empty name                   | name             |
      | event                | an unknown venue                | venueId          |
      | event                | an unknown performer            | performerIds     |
      | event                | an end before its start         | endsAt           |
      | event                | zero tickets per fan            | maxTicketsPerFan |
      | event group          | an unknown member event         | eventIds         |
      | price point          | a negative base price           | baseCents        |
      | price point          | an unknown event                | eventId          |
      | price point          | an unknown price type           | priceType        |
      | fee                  | a negative amount               | amountCents      |
      | tax                  | a rate above 100%               | rateBps          |
      | entitlement template | a gate in lower case            | gateAccessLevel  |
      | entitlement template | an unknown block                | blockId          |
      | entitlement template | an unknown event                | eventId          |
      | offer                | an end before its start         | endsAt           |
      | offer                | an unknown event group          | eventGroupIds    |
      | access code          | no uses                         | maxUses          |
      | access code          | an empty code                   | code             |
      | user attribute       | a 65-character name             | name             |
      | fan                  | an e-mail without an at sign    | email            |
      | fan                  | a short password                | password         |
