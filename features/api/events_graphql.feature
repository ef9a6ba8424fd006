@api @graphql
Feature: Reading and reserving through the GraphQL API
  A worked example of the generic steps: an event is set up over REST (venue, event, seat map,
  price, publish), then fans use GraphQL operations with variables. Everything created is
  removed after each scenario, including the reservations the platform made.

  Background:
    Given I send a POST request to "/v1/venues" as "admin" with:
      """
      {"name": "Blue Room {namespace}", "city": "Austin", "country": "US", "capacity": 100}
      """
    And I keep "id" as "venue_id"
    And I send a POST request to "/v1/events" as "admin" with:
      """
      {"name": "Late Jazz {namespace}", "venueId": "{venue_id}", "startsAt": "2030-06-01T20:00:00Z", "maxTicketsPerFan": 4}
      """
    And I keep "id" as "event_id"
    And I send a POST request to "/v1/events/{event_id}/inventory" as "admin" with:
      """
      {"sections": [{"section": "A", "priceCode": "STD", "rows": [{"row": "1", "seats": 10}]}]}
      """
    And I send a POST request to "/v1/price-points" as "admin" with:
      """
      {"eventId": "{event_id}", "priceCode": "STD", "priceType": "ADULT", "baseCents": 4000}
      """
    And I send a POST request to "/v1/events/{event_id}/publish" as "admin"

  @req:API-001.1
  Scenario: A fan reads an event with a query and variables
    Given the variables are:
      | name | value      |
      | id   | {event_id} |
    When I send this GraphQL request as "fan":
      """
      query Event($id: ID!) { event(id: $id) { id name status maxTicketsPerFan venue { city } } }
      """
    Then the GraphQL request succeeded
    And the response field "data.event.name" equals "Late Jazz {namespace}"
    And the response field "data.event.status" equals "ON_SALE"
    And the response field "data.event.maxTicketsPerFan" equals 4
    And the response field "data.event.venue.city" equals "Austin"

  @req:API-001.1 @req:API-001.3
  Scenario: Availability shows the seats and the all-in price, and matches the schema
    Given the variables are:
      """
      {"eventId": "{event_id}"}
      """
    When I send this GraphQL request as "fan":
      """
      query Availability($eventId: ID!) {
        availability(eventId: $eventId) { totalAvailable sections { section available prices { priceType totalCents } } }
      }
      """
    Then the response matches its schema
    And the response field "data.availability.totalAvailable" equals 10
    And the response field "data.availability.sections" has 1 item
    And the response field "data.availability.sections[0].prices[0].totalCents" equals 4000

  @req:API-001.1 @req:DB-001.2
  Scenario: Reserving seats locks them, as the inventory database shows
    Given I watch the tables "reservation_lock, inventory_item" of the inventory database
    And the variables are:
      | name           | value      |
      | input.eventId  | {event_id} |
      | input.quantity | 2          |
      | input.section  | A          |
    When I send this GraphQL request as "fan":
      """
      mutation Reserve($input: ReserveSeatsInput!) {
        reserveSeats(input: $input) { availabilityToken status seats { section row seat } totalCents }
      }
      """
    Then the GraphQL request succeeded
    And the response field "data.reserveSeats.status" equals "ACTIVE"
    And the response field "data.reserveSeats.seats" has 2 items
    And the response field "data.reserveSeats.seats[0].section" equals "A"
    And the response field "data.reserveSeats.totalCents" equals 8000
    And the inventory database changed by:
      | table            | inserted | updated | deleted |
      | reservation_lock | 1        | 0       | 0       |
      | inventory_item   | 0        | 2       | 0       |
    And the databases are consistent

  @req:API-001.1 @req:DB-001.1
  Scenario: A reservation kept in a variable is released again
    Given the variables are:
      | name           | value      |
      | input.eventId  | {event_id} |
      | input.quantity | 3          |
    When I send this GraphQL request as "fan":
      """
      mutation Reserve($input: ReserveSeatsInput!) { reserveSeats(input: $input) { availabilityToken } }
      """
    And I keep "data.reserveSeats.availabilityToken" as "token"
    And the variables are:
      | name  | value   |
      | token | {token} |
    And I send this GraphQL request as "fan":
      """
      mutation Release($token: String!) { releaseReservation(availabilityToken: $token) { status seats { id } } }
      """
    Then the response field "data.releaseReservation.status" equals "RELEASED"
    When I query the inventory database:
      """
      SELECT status, count(*) AS seats FROM inventory_item WHERE event_id = '{event_id}' GROUP BY status ORDER BY status
      """
    Then the query returns:
      | status    | seats |
      | AVAILABLE | 10    |

  @req:API-001.1
  Scenario: A fan cannot reserve more seats than the event allows per fan
    Given the variables are:
      | name           | value      |
      | input.eventId  | {event_id} |
      | input.quantity | 5          |
    When I send this GraphQL request as "fan":
      """
      mutation Reserve($input: ReserveSeatsInput!) { reserveSeats(input: $input) { availabilityToken } }
      """
    Then the GraphQL error code is "BAD_USER_INPUT"
    And the response field "errors[0].extensions.field" equals "quantity"
    And the response field "errors[0].message" contains "between 1 and 4"
    And the response field "data" is null

  @req:API-001.4 @security
  Scenario: Staff may not reserve seats as a fan
    Given the variables are:
      | name           | value      |
      | input.eventId  | {event_id} |
      | input.quantity | 1          |
    When I send this GraphQL request as "analyst":
      """
      mutation Reserve($input: ReserveSeatsInput!) { reserveSeats(input: $input) { availabilityToken } }
      """
    Then the GraphQL error code is "FORBIDDEN"

  @req:API-001.3
  Scenario: An operation the schema does not know is refused before it runs
    When I send this GraphQL request as "fan":
      """
      query { event(id: "{event_id}") { name ticketColour } }
      """
    Then the GraphQL error code is "GRAPHQL_VALIDATION"
    And the response field "errors[0].message" contains "ticketColour"

  @req:API-001.4 @security
  Scenario: A fan whose token has expired is not served
    When I send this GraphQL request with an expired token:
      """
      query { me { id email } }
      """
    Then the GraphQL error code is "UNAUTHENTICATED"
    And the response field "data" is null
