@orders
Feature: Unpaid orders
  A declined card leaves an unpaid order behind. The fan may try another card for the same
  order, or cancel it and let the seats go; either way nobody is charged for nothing.

  Background:
    Given an on-sale event "Late Show" with 10 seats in section "A" at $50.00
    And fan "Maya" is registered
    And Maya has reserved 2 seats in section "A"

  @req:FT-001.1 @req:ERR-001.5
  Scenario: A fan pays with another card after a declined one
    When Maya checks out with a card that is declined
    And Maya checks out with a valid card
    Then Maya's order is paid for $100.00
    And Maya's order records these payments:
      | status   | amount  |
      | DECLINED | $100.00 |
      | CAPTURED | $100.00 |
    And Maya's order history lists, newest first:
      | status | total   | seats |
      | PAID   | $100.00 | 2     |

  @req:FT-001.1
  Scenario: A fan cancels an unpaid order
    When Maya checks out with a card that is declined
    And Maya cancels her unpaid order
    Then Maya's unpaid order is cancelled without any charge
    And 10 seats in section "A" are still available
    And Maya can no longer pay for her reservation

  @req:FT-001.3
  Scenario: Letting the seats go cancels the unpaid order
    When Maya checks out with a card that is declined
    And Maya releases her reservation
    Then Maya's unpaid order is cancelled without any charge
    And 10 seats in section "A" are still available

  # the regular lock lifetime, not @needs-short-lock-ttl: the declined payment must come before the lock runs out
  @slow @req:FT-001.3
  Scenario: An unpaid order is cancelled when its reservation runs out of time
    When Maya checks out with a card that is declined
    And Maya's reservation runs out of time
    Then Maya's unpaid order is cancelled without any charge
    And 10 seats in section "A" are still available

  @req:TDG-001.5
  Scenario: An order cannot be cancelled twice
    When Maya checks out with a card that is declined
    And Maya cancels her unpaid order
    And Maya cancels her unpaid order again
    Then Maya is told the order is already cancelled
    And Maya's unpaid order is cancelled without any charge

  @req:FT-001.3 @req:DB-001.5
  Scenario: Cancelling the event cancels an unpaid order
    When Maya checks out with a card that is declined
    And the organiser cancels the event
    Then Maya's unpaid order is cancelled without any charge
    And Maya can no longer pay for her reservation

  @req:FT-001.3 @req:DB-001.5
  Scenario: Erasing the fan's personal data cancels her unpaid order
    When Maya checks out with a card that is declined
    And Maya asks to erase her personal data
    Then Maya's unpaid order is cancelled without any charge
    And 10 seats in section "A" are still available

  @req:FT-001.1
  Scenario: A declined payment leaves an unpaid order in the history
    When Maya checks out with a card that is declined
    Then Maya's order history lists, newest first:
      | status  | total   | seats |
      | PENDING | $100.00 | 2     |
