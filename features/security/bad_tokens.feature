@security
Feature: Bad tokens are refused
  Only a token the platform signed, unchanged and still valid, lets a caller in. A missing,
  expired, tampered, unsigned or foreign-signed token is refused as unauthenticated, on both
  APIs, before anything is read or changed; so is a token signed with the platform's public key
  as if it were a shared secret, and a token issued before its account changed password or
  revoked its sessions.

  @req:SEC-001.1 @req:API-001.4
  Scenario Outline: A call to the <api> with <credential> is refused as unauthenticated
    When someone calls the <api> with <credential>
    Then the caller is refused as unauthenticated

    Examples:
      | api            | credential                                                      |
      | management API | no token                                                        |
      | management API | a token that is not a JWT                                       |
      | management API | a tampered token                                                |
      | management API | a token signed with another key                                 |
      | management API | an unsigned token                                               |
      | management API | a token signed with the platform's public key as an HMAC secret |
      | fan API        | no token                                                        |
      | fan API        | a token that is not a JWT                                       |
      | fan API        | a tampered token                                                |
      | fan API        | a token signed with another key                                 |
      | fan API        | an unsigned token                                               |
      | fan API        | a token signed with the platform's public key as an HMAC secret |

  @req:SEC-001.1 @req:API-001.4
  Scenario Outline: A token that has expired is refused by the <api>
    When someone calls the <api> with a token that has expired
    Then the caller is refused as unauthenticated
    And the same token was accepted while it was valid

    Examples:
      | api            |
      | management API |
      | fan API        |

  @req:SEC-001.1 @req:API-001.4
  Scenario Outline: A token issued before <event> is refused by the <api>
    When someone calls the <api> with a token issued before <event>
    Then the caller is refused as unauthenticated
    And a token issued after it is accepted

    Examples:
      | api            | event                                  |
      | management API | a password change                      |
      | management API | a revocation of the account's sessions |
      | fan API        | a password change                      |
      | fan API        | a revocation of the account's sessions |

  # Forging these needs the platform's private key: only the local stack's is at hand.
  @req:SEC-001.1 @req:API-001.4 @needs-local-stack
  Scenario Outline: A token signed with the platform's own key but <defect> is refused by the <api>
    When someone calls the <api> with a token signed with the platform's own key but <defect>
    Then the caller is refused as unauthenticated
    And the same token was accepted while it was valid

    Examples:
      | api            | defect                     |
      | management API | naming another signing key |
      | management API | for another audience       |
      | management API | from another issuer        |
      | fan API        | naming another signing key |
      | fan API        | for another audience       |
      | fan API        | from another issuer        |
