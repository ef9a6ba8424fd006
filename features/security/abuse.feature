@security @needs-local-stack
Feature: A platform that resists abuse
  Guessing passwords, inventing tokens to dodge the rate limit, asking for too much in one GraphQL
  document and sending huge bodies are all refused, whatever address the client claims to come
  from. Each check runs on a second platform process with low limits, next to the shared one.

  @req:SEC-001.1 @req:ERR-001.5
  Scenario: Guessing one fan's password is stopped, even from changing addresses
    When someone tries 5 wrong passwords for one fan, claiming a new address each time, on a platform that allows 3 failures per account
    Then the first 3 guesses are refused as wrong credentials
    And the next guesses are refused as too many, with the seconds to wait before retrying
    And even the right password is refused until then

  @req:SEC-001.1 @req:ERR-001.5
  Scenario: Guessing passwords of many accounts from one client is stopped
    When someone tries 8 wrong passwords for different accounts, claiming a new address each time, on a platform that allows 5 failures per client
    Then the first 5 guesses are refused as wrong credentials
    And the next guesses are refused as too many, with the seconds to wait before retrying

  @req:SEC-001.1 @req:ERR-001.5
  Scenario: Inventing a new token for every request does not escape the rate limit
    When one client sends 10 requests, each with a token it made up, to a platform that allows bursts of 5 and 1 more a second
    Then the first 5 requests are refused as unauthenticated
    And the client is then told to slow down, with the seconds to wait before retrying

  @req:SEC-001.1 @req:API-001.1
  Scenario Outline: The fan API refuses <document> and answers <allowed document>
    When someone sends <document> and <allowed document> to a fan API that allows a depth of 3, 3 aliases and a cost of 50
    Then <document> is refused as too complex, before anything runs
    And <allowed document> is answered

    Examples:
      | document                                             | allowed document                 |
      | a document nested 4 levels deep                      | a document nested 3 levels deep  |
      | a document with 4 aliases                            | a document with 3 aliases        |
      | a document asking for 100 events with their details  | a document asking for 2 events   |

  @req:SEC-001.1
  Scenario: Oversized requests are refused by both APIs
    When someone sends requests of normal size and requests over the size limit to both APIs
    Then the oversized requests are refused as too large
    And the requests of normal size are answered
