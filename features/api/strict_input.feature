@api @rest
Feature: The management API takes JSON types at their word
  A number must be sent as a JSON number, a flag as true or false and a date as an ISO 8601
  string: a boolean is never read as 0, a numeric string never as a number, and a plain number
  never as a date. The refusal names the field, and nothing is stored. A method a path does not
  offer is answered 405 with the methods it does offer.

  Background:
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Strict Hall {namespace}", "city": "Oslo", "country": "NO", "capacity": 900}
      """
    And I keep "id" as "venue_id"
    And I send a POST request to "/v1/events" as "admin" with:
      """
      {"name": "Strict Night {namespace}", "venueId": "{venue_id}", "startsAt": "2031-05-01T19:00:00Z"}
      """
    And I keep "id" as "event_id"
    And I send a POST request to "/v1/price-points" as "admin" with:
      """
      {"eventId": "{event_id}", "priceCode": "STD", "priceType": "ADULT", "baseCents": 5000}
      """
    And I keep "id" as "price_point_id"

  @req:API-001.2 @req:ERR-001.3
  Scenario: A boolean sent as a venue's capacity is refused, naming the field
    When I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Lax Hall {namespace}", "city": "Oslo", "country": "NO", "capacity": false}
      """
    Then the response status is 422
    And the response field "errors[0].field" equals "capacity"

  @req:API-001.2 @req:ERR-001.3
  Scenario: A numeric string sent as a venue's capacity is refused, naming the field
    When I send a PATCH request to "/v1/venues/{venue_id}" as "admin" with:
      """
      {"capacity": "12"}
      """
    Then the response status is 422
    And the response field "errors[0].field" equals "capacity"

  @req:API-001.2 @req:ERR-001.3
  Scenario: A boolean sent as a price does not make the seat free
    When I send a PATCH request to "/v1/price-points/{price_point_id}" as "admin" with:
      """
      {"baseCents": false}
      """
    Then the response status is 422
    And the response field "errors[0].field" equals "baseCents"
    When I send a GET request to "/v1/price-points/{price_point_id}" as "analyst"
    Then the response field "baseCents" equals 5000

  @req:API-001.2 @req:ERR-001.3
  Scenario: A plain number sent as a season's first day is refused, naming the field
    When I send a POST request to "/v1/seasons" as "admin" with:
      """
      {"name": "Lax Season {namespace}", "startsOn": 0, "endsOn": "2031-12-31"}
      """
    Then the response status is 422
    And the response field "errors[0].field" equals "startsOn"

  @req:API-001.2 @req:ERR-001.3
  Scenario: A plain number sent as an event's start does not move it to 1970
    When I send a PATCH request to "/v1/events/{event_id}" as "admin" with:
      """
      {"startsAt": 0}
      """
    Then the response status is 422
    And the response field "errors[0].field" equals "startsAt"
    When I send a GET request to "/v1/events/{event_id}" as "analyst"
    Then the response field "startsAt" contains "2031-05-01"

  @req:API-001.2 @req:ERR-001.3
  Scenario: A plain number as a date filter is refused, naming the filter
    When I send a GET request to "/v1/offers?activeAt=0" as "analyst"
    Then the response status is 422
    And the response field "errors[0].field" equals "activeAt"

  @req:API-001.2
  Scenario Outline: <method> on <path> is refused with the methods the path offers
    When I send a <method> request to "<path>" as "admin"
    Then the response status is 405
    And the answer names the methods allowed: <allowed>

    Examples:
      | method | path                        | allowed                  |
      | PUT    | /v1/venues                  | GET, POST                |
      | DELETE | /v1/venues                  | GET, POST                |
      | PUT    | /v1/venues/{venue_id}       | DELETE, GET, PATCH       |
      | GET    | /v1/holds                   | POST                     |
