@security
Feature: Who may do what
  Administrators may do everything; operations staff manage seats, holds and orders; analysts
  only read; fans read the public catalogue and act for themselves; callers without a token
  only browse. Without a valid token a protected operation is refused as unauthenticated; with
  a token whose role does not allow it, as forbidden.

  @req:SEC-001.2 @req:API-001.4 @req:API-001.2
  Scenario Outline: In the management API, a caller with the <role> role tries to <action>
    When a caller with the <role> role tries to <action>
    Then the caller is <outcome>
    And what the platform records agrees with that

    Examples: Reading the public catalogue
      | role      | action             | outcome                    |
      | admin     | look up the venues | allowed                    |
      | ops       | look up the venues | allowed                    |
      | analyst   | look up the venues | allowed                    |
      | fan       | look up the venues | allowed                    |
      | anonymous | look up the venues | refused as unauthenticated |

    Examples: Changing the catalogue
      | role      | action               | outcome                    |
      | admin     | add a venue          | allowed                    |
      | ops       | add a venue          | refused as forbidden       |
      | analyst   | add a venue          | refused as forbidden       |
      | fan       | add a venue          | refused as forbidden       |
      | anonymous | add a venue          | refused as unauthenticated |
      | admin     | put an event on sale | allowed                    |
      | ops       | put an event on sale | refused as forbidden       |
      | analyst   | put an event on sale | refused as forbidden       |
      | fan       | put an event on sale | refused as forbidden       |
      | anonymous | put an event on sale | refused as unauthenticated |

    Examples: Managing seats
      | role      | action             | outcome                    |
      | admin     | lay out a seat map | allowed                    |
      | ops       | lay out a seat map | allowed                    |
      | analyst   | lay out a seat map | refused as forbidden       |
      | fan       | lay out a seat map | refused as forbidden       |
      | anonymous | lay out a seat map | refused as unauthenticated |
      | admin     | hold seats         | allowed                    |
      | ops       | hold seats         | allowed                    |
      | analyst   | hold seats         | refused as forbidden       |
      | fan       | hold seats         | refused as forbidden       |
      | anonymous | hold seats         | refused as unauthenticated |

    Examples: Reading orders
      | role      | action              | outcome                    |
      | admin     | read the order book | allowed                    |
      | ops       | read the order book | allowed                    |
      | analyst   | read the order book | allowed                    |
      | fan       | read the order book | refused as forbidden       |
      | anonymous | read the order book | refused as unauthenticated |

  @req:SEC-001.2 @req:API-001.4 @req:API-001.1
  Scenario Outline: In the fan API, a caller with the <role> role tries to <action>
    When a caller with the <role> role tries to <action>
    Then the caller is <outcome>
    And what the platform records agrees with that

    Examples: Browsing is open to everyone
      | role      | action            | outcome |
      | admin     | browse the events | allowed |
      | fan       | browse the events | allowed |
      | anonymous | browse the events | allowed |

    Examples: A fan's own profile and reservations are for fans
      | role      | action                 | outcome                    |
      | fan       | read their own profile | allowed                    |
      | admin     | read their own profile | refused as forbidden       |
      | ops       | read their own profile | refused as forbidden       |
      | analyst   | read their own profile | refused as forbidden       |
      | anonymous | read their own profile | refused as unauthenticated |
      | fan       | reserve seats          | allowed                    |
      | admin     | reserve seats          | refused as forbidden       |
      | ops       | reserve seats          | refused as forbidden       |
      | analyst   | reserve seats          | refused as forbidden       |
      | anonymous | reserve seats          | refused as unauthenticated |

    Examples: Orders are read by their fan and by staff, and changed by their fan, operations and administrators
      | role      | action           | outcome                    |
      | fan       | look up an order | allowed                    |
      | admin     | look up an order | allowed                    |
      | ops       | look up an order | allowed                    |
      | analyst   | look up an order | allowed                    |
      | anonymous | look up an order | refused as unauthenticated |
      | fan       | cancel an order  | allowed                    |
      | admin     | cancel an order  | allowed                    |
      | ops       | cancel an order  | allowed                    |
      | analyst   | cancel an order  | refused as forbidden       |
      | anonymous | cancel an order  | refused as unauthenticated |
