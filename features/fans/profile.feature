@fans
Feature: A fan's profile
  Fans look after their own profile: they see what the platform holds about them and keep
  their name and phone number up to date.

  Background:
    Given fan "Maya" is registered

  @req:FT-001.1 @req:API-001.1
  Scenario: A fan sees her own profile
    When Maya looks at her profile
    Then Maya's profile shows her first name and e-mail address

  @req:FT-001.3
  Scenario Outline: A fan changes her <field>
    When Maya changes her <field> to "<value>"
    Then Maya's <field> is now "<value>"
    And nothing else on Maya's profile has changed

    Examples:
      | field        | value           |
      | first name   | Mia             |
      | last name    | Lopez-Garcia    |
      | phone number | +1-555-010-2030 |

  @req:FT-001.3
  Scenario: A fan removes her phone number
    When Maya removes her phone number
    Then Maya has no phone number on her profile
    And nothing else on Maya's profile has changed
