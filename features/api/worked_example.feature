@api @req:API-001.2
Feature: Venues for new events
  The worked example of docs/writing-tests.md, kept here so that the page never shows a test
  that does not pass.

  @req:API-001.1 @req:DB-001.1
  Scenario: An admin opens a venue and lists an event there
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Riverside Hall {namespace}", "city": "Austin", "country": "US", "capacity": 1200}
      """
    Then the response status is 201
    And the response matches its schema
    And I keep "id" as "venue_id"
    When I send a POST request to "/v1/events" as "admin" with:
      """
      {"name": "Opening Night {namespace}", "venueId": "{venue_id}", "startsAt": "2030-06-01T20:00:00Z"}
      """
    And I keep "id" as "event_id"
    Given the variables are:
      | name | value      |
      | id   | {event_id} |
    When I send this GraphQL request as "fan":
      """
      query Event($id: ID!) { event(id: $id) { name status venue { city } } }
      """
    Then the GraphQL request succeeded
    And the response field "data.event.status" equals "DRAFT"
    And the response field "data.event.venue.city" equals "Austin"
    And the response matches its schema
    When I query the events database:
      """
      SELECT name, status FROM event WHERE id = '{event_id}'
      """
    Then the query returns:
      | status |
      | DRAFT  |
