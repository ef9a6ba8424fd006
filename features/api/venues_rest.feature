@api @rest
Feature: Managing venues through the REST API
  A worked example of the generic steps: create, read, change and delete a venue over REST,
  keeping the new id in a variable. Venues created here are removed after each scenario.

  @req:API-001.2
  Scenario: An admin creates a venue and reads it back
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Riverside Hall {namespace}", "city": "Austin", "country": "US", "capacity": 1200}
      """
    Then the response status is 201
    And the response field "capacity" equals 1200
    And I keep "id" as "venue_id"
    When I send a GET request to "/v1/venues/{venue_id}" as "analyst"
    Then the response status is 200
    And the response field "name" equals "Riverside Hall {namespace}"
    And the response field "country" equals "US"

  @req:API-001.2
  Scenario: An admin renames a venue and then deletes it
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Old Mill {namespace}", "city": "Leeds", "country": "GB", "capacity": 300}
      """
    And I keep "id" as "venue_id"
    And I send a PATCH request to "/v1/venues/{venue_id}" as "admin" with:
      """
      {"name": "New Mill {namespace}"}
      """
    Then the response status is 200
    And the response field "name" equals "New Mill {namespace}"
    And the response field "city" equals "Leeds"
    When I send a DELETE request to "/v1/venues/{venue_id}" as "admin"
    Then the response status is 204
    When I send a GET request to "/v1/venues/{venue_id}" as "admin"
    Then the response status is 404

  @req:API-001.3
  Scenario: A created venue matches the OpenAPI document
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Contract Arena {namespace}", "city": "Oslo", "country": "NO", "capacity": 9000}
      """
    Then the response status is 201
    And the response matches its schema

  @req:API-001.2 @req:API-001.3
  Scenario: An invalid venue is refused with a problem that names the field
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Nowhere {namespace}", "city": "Austin", "country": "usa", "capacity": -5}
      """
    Then the response status is 422
    And the response field "code" equals "BAD_USER_INPUT"
    And the response matches its schema

  @req:API-001.2 @req:API-001.3
  Scenario: A venue that does not exist is a documented 404 problem
    When I send a GET request to "/v1/venues/{uuid}" as "ops"
    Then the response status is 404
    And the response field "code" equals "NOT_FOUND"
    And the response matches its schema

  @req:API-001.4 @security
  Scenario: An analyst may read venues but not create them
    When I send a POST request to "/v1/venues" as "analyst" with:
      """
      {"name": "Forbidden Hall {namespace}", "city": "Austin", "country": "US", "capacity": 10}
      """
    Then the response status is 403
    And the response field "code" equals "FORBIDDEN"

  @req:API-001.4 @security
  Scenario Outline: Requests without a valid token are refused
    When I send a GET request to "/v1/venues" <caller>
    Then the response status is 401
    And the response field "code" equals "UNAUTHENTICATED"

    Examples:
      | caller                 |
      | as an anonymous caller |
      | with a tampered token  |
      | with an expired token  |
