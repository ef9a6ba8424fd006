@security @audit
Feature: Every security-relevant action leaves an entry in the audit log
  The platform keeps an audit log, as a company audited for SOC 2 must: every sign-in (also a
  refused or throttled one), every ending of a session and change of password, every refusal of
  an operation to a role that may not do it, every erasure of a fan's personal data, every reading
  of a fan's personal data by staff, and every change of prices or of an event's sale leaves
  exactly one entry naming who did it, with which role, what, how it ended, when and under which
  request. An entry never holds a password or a token, and only administrators read the log.

  @req:SEC-001.1 @req:SEC-001.3
  Scenario Outline: Someone with the <role> role <action>: one entry in the audit log
    When someone with the <role> role <action>
    Then the audit log holds exactly one entry for it, naming who did it and the outcome <outcome>

    Examples: Signing in and out
      | role    | action                                             | outcome   |
      | fan     | signs in                                           | success   |
      | ops     | signs in                                           | success   |
      | fan     | signs in with a wrong password                     | failure   |
      | fan     | signs in once more after too many wrong passwords  | throttled |
      | analyst | ends every session of their account                | success   |
      | fan     | changes their password                             | success   |
      | ops     | changes their password giving a wrong current one  | failure   |

    Examples: Refusals
      | role    | action                 | outcome |
      | analyst | tries to add a venue   | denied  |
      | ops     | tries to reserve seats | denied  |

    Examples: Personal data
      | role    | action                      | outcome |
      | fan     | erases their personal data  | success |
      | ops     | reads a fan's personal data | success |
      | analyst | reads who bought an order   | success |

    Examples: Administrators' changes
      | role  | action                | outcome |
      | admin | changes a price       | success |
      | admin | puts an event on sale | success |
      | admin | cancels an event      | success |

  @req:SEC-001.3
  Scenario: A refused sign-in is recorded without the password that was typed
    When someone with the fan role signs in with a wrong password
    Then the audit log holds exactly one entry for it, naming who did it and the outcome failure
    And that entry holds neither a password that was typed nor a token

  @req:SEC-001.2
  Scenario Outline: Only administrators read the audit log: the <role> role is <outcome>
    When a caller with the <role> role tries to read the audit log
    Then the caller is <outcome>

    Examples:
      | role      | outcome                    |
      | admin     | allowed                    |
      | ops       | refused as forbidden       |
      | analyst   | refused as forbidden       |
      | fan       | refused as forbidden       |
      | anonymous | refused as unauthenticated |
