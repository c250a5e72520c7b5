// The table's arithmetic, in Node: which rows are drawn for a view, and where
// the view scrolls to show a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowsInView, scrollToShow } from '../grid.js';

test('the rows in view, with six to spare on each side', () => {
  assert.deepEqual(rowsInView(0, 400, 40, 1000), { first: 0, last: 16 });
  assert.deepEqual(rowsInView(4000, 400, 40, 1000), { first: 94, last: 116 });
  assert.deepEqual(rowsInView(39, 400, 40, 1000), { first: 0, last: 17 }, 'a row partly scrolled off still counts');
});

test('the rows in view stop at the table', () => {
  assert.deepEqual(rowsInView(0, 400, 40, 3), { first: 0, last: 2 });
  assert.deepEqual(rowsInView(38000, 2000, 40, 1000), { first: 944, last: 999 });
  const none = rowsInView(0, 400, 40, 0);
  assert.ok(none.last < none.first, 'an empty table draws no row');
});

test('scrolling to show a row', () => {
  // A view of 400 px under a 40 px header shows 9 rows of 40 px whole.
  assert.equal(scrollToShow(5, 0, 400, 40, 40), 0, 'a row in view stays');
  assert.equal(scrollToShow(8, 0, 400, 40, 40), 0, 'the last whole row stays');
  assert.equal(scrollToShow(9, 0, 400, 40, 40), 40, 'the next scrolls by one row');
  assert.equal(scrollToShow(100, 0, 400, 40, 40), 3680, 'a far row comes to the bottom');
  assert.equal(scrollToShow(2, 400, 400, 40, 40), 80, 'a row above comes to the top');
});
