@library
Feature: A run against the library that is killed in the middle of a scenario
  Used by tests/framework/test_killed_run_ledger.py: the scenario adds two authors through
  PostGraphile, registers one for removal through the database and one for a delete through the
  API, then waits; the test kills the run while it waits and checks that the next run removes both.

  Scenario: A writer adds two authors and is killed before the scenario ends
    Given the variables are:
      """
      {"name": "Killed by row {namespace}"}
      """
    When I send this GraphQL request as "writer":
      """
      mutation Add($name: String!) { createAuthor(input: {author: {name: $name}}) { author { id } } }
      """
    Then the GraphQL request succeeded
    And I keep "data.createAuthor.author.id" as "row_author"
    And the library "author" row "{row_author}" is removed after the scenario
    Given the variables are:
      """
      {"name": "Killed by API {namespace}"}
      """
    When I send this GraphQL request as "writer":
      """
      mutation Add($name: String!) { createAuthor(input: {author: {name: $name}}) { author { id } } }
      """
    Then the GraphQL request succeeded
    And I keep "data.createAuthor.author.id" as "api_author"
    And after the scenario this GraphQL request is sent as "writer":
      """
      mutation { deleteAuthorById(input: {id: {api_author}}) { deletedAuthorId } }
      """
    When I query the library database:
      """
      SELECT pg_sleep(12) AS waited
      """
