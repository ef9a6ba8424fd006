@example @library
Feature: Authors and books through PostGraphile's GraphQL API
  A worked example of pointing the framework at another API with one environment file and no
  code (docs/other-apis.md): PostGraphile serves the library database, a reader holds a static
  bearer token, a writer gets its tokens from an OAuth2 provider (client credentials), and a
  visitor sends no token at all. Only the generic steps are used; every author and book a
  scenario adds is removed again after it.

  Scenario: A reader lists an author's books with a query and variables
    Given the variables are:
      | name   | value             |
      | author | Ursula K. Le Guin |
    When I send this GraphQL request as "reader":
      """
      query BooksBy($author: String!) {
        allAuthors(condition: {name: $author}) {
          nodes { id name bornYear booksByAuthorId(orderBy: TITLE_ASC) { totalCount nodes { title pages isbn } } }
        }
      }
      """
    Then the GraphQL request succeeded
    And the response matches its schema
    And the response field "data.allAuthors.nodes" has 1 item
    And the response field "data.allAuthors.nodes[0].bornYear" equals 1929
    And the response field "data.allAuthors.nodes[0].booksByAuthorId.totalCount" equals 2
    And the response field "data.allAuthors.nodes[0].booksByAuthorId.nodes[0].title" equals "A Wizard of Earthsea"
    And the response field "data.allAuthors.nodes[0].booksByAuthorId.nodes[1].isbn" equals "9780060512750"

  Scenario: A writer adds an author and a book, and both are stored
    Given the variables are:
      """
      {"input": {"author": {"name": "Octavia {namespace}", "bornYear": 1947}}}
      """
    When I send this GraphQL request as "writer":
      """
      mutation AddAuthor($input: CreateAuthorInput!) { createAuthor(input: $input) { author { id name bornYear } } }
      """
    Then the GraphQL request succeeded
    And I keep "data.createAuthor.author.id" as "author_id"
    And the library "author" row "{author_id}" is removed after the scenario
    Given the variables are:
      """
      {"input": {"book": {"authorId": {author_id}, "title": "Kindred {namespace}", "pages": 264}}}
      """
    When I send this GraphQL request as "writer":
      """
      mutation AddBook($input: CreateBookInput!) { createBook(input: $input) { book { id title authorId authorByAuthorId { name } } } }
      """
    Then the GraphQL request succeeded
    And the response matches its schema
    And the response field "data.createBook.book.authorId" equals "{author_id}"
    And the response field "data.createBook.book.authorByAuthorId.name" equals "Octavia {namespace}"
    When I query the library database:
      """
      SELECT a.name, a.born_year, count(b.id) AS books
      FROM author a JOIN book b ON b.author_id = a.id
      WHERE a.id = {author_id}
      GROUP BY a.name, a.born_year
      """
    Then the query returns:
      | name                | born_year | books |
      | Octavia {namespace} | 1947      | 1     |

  @serial
  Scenario: A writer renames an author; the change is removed through the API afterwards
    Given the variables are:
      """
      {"input": {"author": {"name": "Draft {namespace}"}}}
      """
    And I send this GraphQL request as "writer":
      """
      mutation AddAuthor($input: CreateAuthorInput!) { createAuthor(input: $input) { author { id } } }
      """
    And I keep "data.createAuthor.author.id" as "author_id"
    And after the scenario this GraphQL request is sent as "writer":
      """
      mutation { deleteAuthorById(input: {id: {author_id}}) { deletedAuthorId } }
      """
    And I watch the tables "author, book" of the library database
    Given the variables are:
      """
      {"input": {"id": {author_id}, "authorPatch": {"name": "Final {namespace}"}}}
      """
    When I send this GraphQL request as "writer":
      """
      mutation Rename($input: UpdateAuthorByIdInput!) { updateAuthorById(input: $input) { author { id name } } }
      """
    Then the GraphQL request succeeded
    And the response field "data.updateAuthorById.author.name" equals "Final {namespace}"
    And the library database changed by:
      | table  | inserted | updated | deleted |
      | author | 0        | 1       | 0       |
      | book   | 0        | 0       | 0       |

  Scenario: A visitor without a token cannot read the books
    When I send this GraphQL request as "visitor":
      """
      query { allBooks { totalCount } }
      """
    Then the GraphQL error message contains "permission denied for table book"
    And the GraphQL error path is "allBooks"
    And the response field "data.allBooks" is null

  Scenario: The reader's token does not allow adding an author
    Given the variables are:
      """
      {"input": {"author": {"name": "Not allowed {namespace}"}}}
      """
    When I send this GraphQL request as "reader":
      """
      mutation AddAuthor($input: CreateAuthorInput!) { createAuthor(input: $input) { author { id } } }
      """
    Then the GraphQL error message contains "permission denied for table author"
    When I query the library database:
      """
      SELECT id FROM author WHERE name = 'Not allowed {namespace}'
      """
    Then the query returns no rows

  Scenario Outline: The library refuses a book that breaks its rules
    Given the variables are:
      """
      {"input": {"book": {"authorId": <author>, "title": "<title>", "isbn": "<isbn>"}}}
      """
    When I send this GraphQL request as "writer":
      """
      mutation AddBook($input: CreateBookInput!) { createBook(input: $input) { book { id } } }
      """
    Then the GraphQL error message contains "<refusal>"
    And the GraphQL error path is "createBook"

    Examples:
      | author | title    | isbn          | refusal                                  |
      | 1      | Bad ISBN | 12-34         | violates check constraint "book_isbn_check" |
      | 1      | Copy     | 9780547773742 | duplicate key value violates unique constraint "book_isbn_key" |
      | 999999 | Orphan   | 9780000000001 | violates foreign key constraint "book_author_id_fkey" |
