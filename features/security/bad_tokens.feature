@security
Feature: Bad tokens are refused
  Only a token the platform signed, unchanged and still valid, lets a caller in. A missing,
  expired, tampered, unsigned or foreign-signed token is refused as unauthenticated, on both
  APIs, before anything is read or changed.

  @req:SEC-001.1 @req:API-001.4
  Scenario Outline: A call to the <api> with <credential> is refused as unauthenticated
    When someone calls the <api> with <credential>
    Then the caller is refused as unauthenticated

    Examples:
      | api            | credential                      |
      | management API | no token                        |
      | management API | a token that is not a JWT       |
      | management API | a tampered token                |
      | management API | a token signed with another key |
      | management API | an unsigned token               |
      | fan API        | no token                        |
      | fan API        | a token that is not a JWT       |
      | fan API        | a tampered token                |
      | fan API        | a token signed with another key |
      | fan API        | an unsigned token               |

  @req:SEC-001.1 @req:API-001.4
  Scenario Outline: A token that has expired is refused by the <api>
    When someone calls the <api> with a token that has expired
    Then the caller is refused as unauthenticated
    And the same token was accepted while it was valid

    Examples:
      | api            |
      | management API |
      | fan API        |
