@data_integrity
Feature: Checks inside a transaction that is rolled back
  Some data is valid for the schema but breaks a business rule that only the framework's
  integrity checks see. These scenarios write such data inside one transaction, prove the
  check catches it there, and roll it back: other connections never see it.

  @req:DB-001.3
  Scenario: Rows stored in a transaction are invisible to others until rolled back
    Given a database transaction
    When I store a seat numbered 1 in the transaction
    And I query the inventory database inside the transaction:
      """
      SELECT seat_number, status FROM inventory_item WHERE event_id = '{transaction_event_id}'
      """
    Then the query returns:
      | seat_number | status    |
      | 1           | AVAILABLE |
    When I query the inventory database:
      """
      SELECT seat_number, status FROM inventory_item WHERE event_id = '{transaction_event_id}'
      """
    Then the query returns no rows

  @req:DB-001.3 @req:DB-001.5
  Scenario: The order-total check catches an order whose total disagrees with its items
    Given a database transaction
    When I store an order whose total disagrees with its items in the transaction
    Then the integrity check "order_total" finds 1 problem in the transaction
    When the transaction is rolled back
    Then the databases are consistent

  @req:DB-001.3 @req:DB-001.5
  Scenario: The ticket check catches a sold seat without a ticket
    Given a database transaction
    When I store a sold seat without a ticket in the transaction
    Then the integrity check "sold_without_entitlement" finds 1 problem in the transaction
    And the integrity check "order_total" finds 0 problems in the transaction

  @req:DB-001.3
  Scenario: A refused row leaves the rest of the transaction intact
    Given a database transaction
    When I store a seat numbered 1 in the transaction
    And I try to store a seat numbered 0
    Then the database refuses it because of "inventory_item_seat_number_check"
    And the integrity check "sold_without_entitlement" finds 0 problems in the transaction
