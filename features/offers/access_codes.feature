@offers
Feature: Presale access codes
  A code-only presale sells to fans who bring a valid code. Each code is good for a number of
  purchases; a use is counted when a purchase is paid, not when seats are reserved, and never for
  a card that is declined.

  Background:
    Given an on-sale event "Club Night" with 20 seats in section "A" at $50.00
    And a code-only presale "Fan Club" with 10 seats in section "F" at $40.00
    And fan "Maya" is registered

  @req:FT-001.1 @req:TDG-001.5
  Scenario Outline: Only the right code opens the presale (<case>)
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for 5 purchases
    When Maya reserves 2 seats from the presale "Fan Club" with the access code "<code>"
    Then Maya <outcome>

    Examples:
      | case                 | code          | outcome                                |
      | the right code       | FANCLUB-26    | holds a reservation for 2 seats        |
      | a wrong code         | FANCLUB-27    | is told the access code is not valid   |
      | the code in lowercase | fanclub-26   | is told the access code is not valid   |

  @req:FT-001.1
  Scenario: A code-only presale refuses a fan without a code
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for 5 purchases
    When Maya reserves 2 seats from the presale "Fan Club"
    Then Maya is told the access code is not valid
    And 10 seats in section "F" are still available

  @req:TDG-001.5
  Scenario Outline: A code works until its purchases are used up (<used> of <uses> made)
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for <uses> purchases, <used> of them already made
    When Maya reserves 2 seats from the presale "Fan Club" with the access code "FANCLUB-26"
    Then Maya <outcome>

    Examples:
      | uses | used | outcome                              |
      | 2    | 0    | holds a reservation for 2 seats      |
      | 2    | 1    | holds a reservation for 2 seats      |
      | 2    | 2    | is told the access code is not valid |

  @req:FT-001.3
  Scenario: Reserving with a code does not use it up, paying does
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for 2 purchases
    When Maya reserves 2 seats from the presale "Fan Club" with the access code "FANCLUB-26"
    Then the access code "FANCLUB-26" has been used 0 times
    When Maya checks out with a valid card
    Then Maya's order is paid for $80.00
    And the access code "FANCLUB-26" has been used 1 time

  @req:FT-001.3 @req:ERR-001.3
  Scenario: A declined card does not use up the code
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for 2 purchases
    And Maya has reserved 2 seats from the presale "Fan Club" with the access code "FANCLUB-26"
    When Maya checks out with a card that is declined
    Then Maya is told the payment was declined
    And the access code "FANCLUB-26" has been used 0 times

  @req:FT-001.4
  Scenario: Repeating the same payment counts the code once
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for 2 purchases
    And Maya has reserved 2 seats from the presale "Fan Club" with the access code "FANCLUB-26"
    When Maya checks out with a valid card
    And Maya repeats the same checkout
    Then both checkouts return the same order
    And the access code "FANCLUB-26" has been used 1 time

  @req:FT-001.3 @req:TDG-001.5
  Scenario: The last use of a code goes to the first fan who pays
    Given the presale "Fan Club" accepts the access code "FANCLUB-26" for 1 purchase
    And fan "Omar" is registered
    And Maya has reserved 2 seats from the presale "Fan Club" with the access code "FANCLUB-26"
    And Omar has reserved 2 seats from the presale "Fan Club" with the access code "FANCLUB-26"
    When Maya checks out with a valid card
    And Omar checks out with a valid card
    Then Omar is told the access code is not valid
    And Omar has no paid order
    And the access code "FANCLUB-26" has been used 1 time

  @req:TDG-001.5
  Scenario: A code of another presale does not open this one
    Given a code-only presale "Partners" with 5 seats in section "G" at $45.00
    And the presale "Partners" accepts the access code "PARTNER-1" for 5 purchases
    When Maya reserves 2 seats from the presale "Fan Club" with the access code "PARTNER-1"
    Then Maya is told the access code is not valid
