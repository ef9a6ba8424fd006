@security
Feature: Answers that protect the people using them
  Every answer tells browsers not to guess content types, not to show it inside another site
  and not to leak where the user came from. Answers to signed-in callers are never cached.

  @req:SEC-001.4
  Scenario Outline: The answer to <request> carries the browser protections
    When the platform answers <request>
    Then the answer protects browsers from content sniffing, framing and referrer leaks

    Examples:
      | request                               |
      | a health check                        |
      | an anonymous look at the events       |
      | a staff read of the venues            |
      | a request refused for lack of a token |
      | a request with a bad token            |

  @req:SEC-001.4
  Scenario Outline: The answer to <request> is never cached
    When the platform answers <request>
    Then the answer may not be stored by any cache

    Examples:
      | request                    |
      | a staff read of the venues |
      | a fan's look at the events |
      | a request with a bad token |
