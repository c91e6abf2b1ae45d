// AssetNode's /api/employees and /api/assignments routes (seed 001): employees are our users
// created without an invitation (they hold hardware, they do not log in); assignments are our
// checkout history rows, addressable by id.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { assetNode } from './adapter.js';
import { assignmentBody, employeeBody } from './bodies.js';
import { assignmentSchema, employeeSchema } from './schemas.js';

const { values } = assetNode;

const EMPLOYEE_BODY = fields({
  name: { type: 'string', required: true },
  email: { type: 'string', required: true, description: 'Unique in the organization (409 when taken).' },
  department: { type: 'string' },
  title: { type: 'string', description: 'Job title.' },
});

export const assetNodeEmployees = routeTable('employees', [
  defineListRoute(assetNode, {
    method: 'GET', path: '/api/employees', summary: 'List employees with department and status filters', access: 'read',
    operation: op.AssetNodeListEmployeesDocument,
    query: {
      department: { type: 'string', description: 'Exact match.' },
      status: { type: 'string', enum: values.employeeStatus },
      search: { type: 'string', description: 'Part of the name or email (case-insensitive).' },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: { department: query.department, status: query.status && values.employeeStatus[query.status], search: query.search },
    }),
    list: (data) => data.users,
    item: employeeBody,
    success: { description: 'One page of employees, by name.', item: employeeSchema },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/employees', summary: 'Create an employee record (no invitation: employees do not log in)', access: 'write admin',
    operation: op.AssetNodeCreateEmployeeDocument,
    body: EMPLOYEE_BODY,
    variables: ({ body }) => ({ input: { ...toGraphQLInput(EMPLOYEE_BODY, body), sendInvitation: false } }),
    respond: (data) => ({ status: 201, body: employeeBody(found(data.inviteUser, 'Employee').user) }),
    success: { status: 201, description: 'The created employee.', schema: employeeSchema },
  }),
]);

export const assetNodeAssignments = routeTable('assignments', [
  defineRoute(assetNode, {
    method: 'POST', path: '/api/assignments', summary: 'Assign hardware to an employee', access: 'write admin',
    operation: op.AssetNodeCreateAssignmentDocument,
    body: {
      hardware_id: { type: 'uuid', required: true },
      employee_id: { type: 'uuid', required: true, description: 'An active employee.' },
      expected_return: { type: 'date', description: 'YYYY-MM-DD, not in the past.' },
    },
    variables: ({ body }) => ({ input: { assetId: body.hardware_id, userId: body.employee_id, expectedReturn: body.expected_return } }),
    respond: (data) => ({ status: 201, body: assignmentBody(found(found(data.checkoutAsset, 'Hardware').currentAssignment, 'Assignment')) }),
    success: { status: 201, description: 'The assignment (409 when the hardware is already assigned or retired).', schema: assignmentSchema },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/assignments/:id/return', summary: 'Return an active assignment', access: 'write admin',
    pathIds: { id: 'Assignment' },
    operation: op.AssetNodeReturnAssignmentDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => ({ body: assignmentBody(found(data.returnAssignment, 'Assignment')) }),
    success: { status: 200, description: 'The closed assignment (409 when it was already returned).', schema: assignmentSchema },
  }),
]);
