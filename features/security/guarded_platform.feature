@security @needs-local-stack
Feature: A platform that guards itself
  The platform slows down clients that send too much, without shutting out the others, and it
  can be reached over HTTPS only by clients that trust its certificate authority. These checks
  run on a second platform process with those settings, next to the shared one.

  @req:SEC-001.1 @req:ERR-001.5
  Scenario: A client that sends too many requests is told when to retry
    When one client sends 10 requests in a row to a platform that allows bursts of 5 and 1 more a second
    Then the first 5 requests are answered
    And the client is then told to slow down, with the seconds to wait before retrying
    And another client is still answered

  @req:SEC-001.5 @req:SEC-001.4
  Scenario: Over HTTPS the platform is trusted only with its certificate authority
    When clients connect to the platform served over HTTPS with a certificate from the local authority
    Then the client that trusts the local authority is answered, and told to use HTTPS only from now on
    And the client that does not trust it refuses the connection
    And the platform speaks only TLS 1.2 or newer with strong ciphers, and its certificate is valid for at least 14 more days
