@smoke @production-safe
Feature: Production smoke check
  A read-only look at a live platform: it is up, fans find what is on sale with seats and
  all-in prices, staff read the same event, answers carry their protections and the API has not
  drifted from the contract the suite was written against. Nothing is created, changed or
  deleted, and only data the platform already has is used, so these journeys run on production
  (where the framework refuses every write anyway). The local stack has no events of its own,
  so the journeys that look at one run only against a deployment.

  @req:API-001.1
  Scenario: The platform and its databases are healthy
    When someone checks the platform's health
    Then the platform reports itself healthy, with its databases answering

  @req:FT-001.1 @req:API-001.1 @req:API-001.3 @needs-existing-data
  Scenario: Fans see the seats left and all-in prices of an event on sale
    Given an event the platform already has on sale
    When a fan looks at the availability of that event
    Then every section shows the seats left and all-in prices that add up

  @req:API-001.2 @req:API-001.4 @needs-existing-data
  Scenario: Analysts see an event on sale in the management view
    Given an event the platform already has on sale
    When an analyst looks that event up in the management view
    Then the management view shows that event as on sale

  @req:SEC-001.4
  Scenario Outline: The answer to <request> protects browsers
    When the platform answers <request>
    Then the answer protects browsers from content sniffing, framing and referrer leaks

    Examples:
      | request                                  |
      | a health check                           |
      | an anonymous look at the events          |
      | a staff read of the venues               |
      | a request refused for lack of a token    |
      | a request for a page that does not exist |

  @req:SEC-001.4 @req:SEC-001.5 @needs-https
  Scenario: The platform is reached over verified HTTPS only
    When the platform is reached for a health check
    Then the connection was verified HTTPS, and the answer tells browsers to use HTTPS only

  @req:SEC-001.5 @needs-https
  Scenario: The platform's HTTPS is current and its certificate is not about to expire
    When the platform's HTTPS connection is examined
    Then the platform speaks only TLS 1.2 or newer with strong ciphers, and its certificate is valid for at least 14 more days

  @req:SEC-001.4
  Scenario: Only the ticket shop's own web pages may call the API from a browser
    When a browser on the ticket shop's web site asks to call the API
    Then the platform lets that browser call it
    When a browser on another web site asks to call the API
    Then the platform does not let that browser call it

  @req:API-001.1
  Scenario: The GraphQL API has not drifted from the pinned contract
    When the GraphQL schema the platform serves is compared with the pinned one
    Then the platform's GraphQL schema has no breaking change
