@fixture @production-safe
Feature: Journeys that try to write, wrongly tagged production-safe (read-only fixture)
  The tag is a lie on purpose: in a read-only environment each write must still be refused
  before it leaves the framework, and the scenario must fail saying what was refused.

  Scenario: A factory tries to create an event
    Given an on-sale event "Read-only Probe" with 6 seats in section "A" at $10.00

  Scenario: Staff try to create a venue over REST
    When I send a POST request to "/v1/venues" as "analyst" with:
      """
      {"name": "Read-only Probe", "city": "Nowhere", "country": "NL", "capacity": 10}
      """

  Scenario: A fan tries to reserve seats over GraphQL
    When I send this GraphQL request as "fan":
      """
      mutation Reserve { reserveSeats(input: {eventId: "00000000-0000-4000-8000-000000000000", quantity: 1}) { id } }
      """

  Scenario: A fan only looks, which is allowed
    When I send this GraphQL request as "fan":
      """
      query { events(first: 1) { totalCount } }
      """
    Then the response status is 200
