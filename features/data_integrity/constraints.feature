@data_integrity @req:DB-001.5
Feature: The databases refuse data that breaks the platform's rules
  The rules that matter most are declared in the schema, so that no code path (the platform's,
  a migration, a support engineer's script) can break them. Each scenario tries to store a row
  in a transaction that is always rolled back: nothing is ever committed.

  Scenario: A well-formed seat is accepted (the control case)
    When I try to store a seat numbered 1
    Then the database accepts it

  Scenario Outline: Bad rows are refused by the constraint that guards the rule
    When I try to store <row>
    Then the database refuses it because of "<constraint>"

    Examples: Seats
      | row                                   | constraint                                             |
      | a seat numbered 0                     | inventory_item_seat_number_check                       |
      | the same seat twice                   | inventory_item_event_id_section_row_label_seat_number_key |
      | a locked seat without a reservation   | inventory_item_check                                   |
      | a seat in a block that does not exist | inventory_item_block_id_fkey                           |
      | a seat sold twice                     | entitlement_valid_seat_uq                              |

    Examples: Prices and orders
      | row                                                      | constraint                         |
      | a price with a negative base price                       | price_point_base_cents_check       |
      | a tax rate above 100%                                    | price_component_rate_bps_check     |
      | an order line whose total is not base plus fees plus tax | order_item_check                   |

    Examples: Events
      | row                                 | constraint          |
      | a venue with a negative capacity    | venue_capacity_check |
      | an event that ends before it starts | event_check         |
