@security @serial
Feature: Injected commands are refused and change nothing
  SQL, GraphQL, line-break and path-traversal payloads sent where the platform expects an id, a
  price type or credentials are refused with a description of the problem, never answered as if
  they were valid and never a server error, and not a single row is added or removed anywhere.

  @req:SEC-001.1 @req:ERR-001.3
  Scenario Outline: Injection payloads in <input> are refused and change nothing
    When every injection payload is sent in <input>
    Then every payload is refused with a description of the problem
    And no table of the platform's databases gained or lost a row

    Examples:
      | input                                    |
      | the id of a venue in the management API  |
      | the id of an event to put on sale        |
      | the price type of a new price point      |
      | the user name of a login                 |
      | the id of an event in the fan API        |
      | the event of an availability question    |
