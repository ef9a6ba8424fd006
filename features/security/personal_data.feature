# Generated from personal_data.csv by `python -m support.personal_data`: edit the CSV, not this file.
@security @personal-data
Feature: The personal data each viewer sees, cell by cell
  A fan's personal data is shown in full only to administrators and to the fan; operations
  staff see what answering a fan needs, analysts what counting and segmenting needs, and
  another fan or a caller without a token nothing at all. Each viewer reads the same fan in
  every way the management API and the fan API offer them (the fan list, the fan by id, the
  buyer of an order, their own profile); a way the access rules refuse shows nothing.

  @req:SEC-001.2
  Scenario Outline: Personal data: the <viewer> sees a fan's <data> <rule>
    Given a fan with a complete profile who has bought tickets
    When the <viewer> reads that fan in every way both APIs offer
    Then the fan's <data> is <rule> in every answer, as the personal data table says

    Examples:
      | viewer    | data             | rule   |
      | admin     | e-mail address   | shown  |
      | ops       | e-mail address   | shown  |
      | analyst   | e-mail address   | masked |
      | own fan   | e-mail address   | shown  |
      | other fan | e-mail address   | hidden |
      | anonymous | e-mail address   | hidden |
      | admin     | first name       | shown  |
      | ops       | first name       | shown  |
      | analyst   | first name       | hidden |
      | own fan   | first name       | shown  |
      | other fan | first name       | hidden |
      | anonymous | first name       | hidden |
      | admin     | last name        | shown  |
      | ops       | last name        | shown  |
      | analyst   | last name        | hidden |
      | own fan   | last name        | shown  |
      | other fan | last name        | hidden |
      | anonymous | last name        | hidden |
      | admin     | phone number     | shown  |
      | ops       | phone number     | masked |
      | analyst   | phone number     | hidden |
      | own fan   | phone number     | shown  |
      | other fan | phone number     | hidden |
      | anonymous | phone number     | hidden |
      | admin     | offer attributes | shown  |
      | ops       | offer attributes | shown  |
      | analyst   | offer attributes | shown  |
      | own fan   | offer attributes | shown  |
      | other fan | offer attributes | hidden |
      | anonymous | offer attributes | hidden |
