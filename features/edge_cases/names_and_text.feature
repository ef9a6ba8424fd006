@edge_cases
Feature: Names in any script, up to their limit
  Names are stored exactly as typed, in any script and with emoji, up to the limit of their
  field. Longer text, up to the 10 kB a careless import might send, is refused with the field
  named, and nothing is stored.

  @req:TDG-001.5
  Scenario Outline: A new <entry> with <name> is stored exactly as typed
    When an administrator adds a new <entry> with <name>
    Then the new <entry> reads back as it was entered

    Examples:
      | entry     | name                   |
      | venue     | a name in many scripts |
      | performer | a name in many scripts |
      | event     | a name in many scripts |
      | offer     | a name in many scripts |
      | venue     | a 200-character name   |
      | event     | a 200-character name   |

  @req:TDG-001.5 @req:ERR-001.3
  Scenario Outline: A new <entry> with <name> is refused, naming the name
    When an administrator adds a new <entry> with <name>
    Then it is refused as invalid input naming "name"

    Examples:
      | entry     | name                 |
      | venue     | a 10 kB name         |
      | performer | a 10 kB name         |
      | event     | a 10 kB name         |
      | offer     | a 201-character name |

  @req:TDG-001.5
  Scenario: An event may allow up to 100 tickets per fan
    When an administrator adds a new event with a ticket limit of 100 per fan
    Then the new event reads back as it was entered

  @req:TDG-001.5 @req:ERR-001.3
  Scenario: An event may not allow more than 100 tickets per fan
    When an administrator adds a new event with a ticket limit of 101 per fan
    Then it is refused as invalid input naming "maxTicketsPerFan"

  @req:TDG-001.5
  Scenario Outline: A fan's first name with <text> is kept exactly as typed
    Given fan "Maya" is registered
    When Maya changes the first name on her profile to <text>
    Then Maya's profile shows the new first name exactly as typed

    Examples:
      | text                   |
      | a name in many scripts |
      | a 100-character name   |

  @req:TDG-001.5 @req:ERR-001.3
  Scenario Outline: A fan's first name with <text> is refused, naming the first name
    Given fan "Maya" is registered
    When Maya changes the first name on her profile to <text>
    Then Maya's profile change is refused as invalid input naming "firstName"

    Examples:
      | text                 |
      | a 101-character name |
      | a 10 kB name         |
