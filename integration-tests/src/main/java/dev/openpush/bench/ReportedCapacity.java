package dev.openpush.bench;

import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Asks DynamoDB (Local) for the capacity each single-item request and query consumed ({@code
 * ReturnConsumedCapacity: TOTAL}) and sums what it reports: the emulator's own figure, beside the
 * count by AWS's billing rules of {@link CapacityUnits}.
 */
final class ReportedCapacity implements ExecutionInterceptor {
  private final DoubleAdder writes = new DoubleAdder();
  private final DoubleAdder reads = new DoubleAdder();

  double writeUnits() {
    return writes.sum();
  }

  double readUnits() {
    return reads.sum();
  }

  void reset() {
    writes.reset();
    reads.reset();
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
    return switch (request) {
      case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      default -> request;
    };
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    switch (context.response()) {
      case PutItemResponse r -> add(writes, r.consumedCapacity());
      case UpdateItemResponse r -> add(writes, r.consumedCapacity());
      case DeleteItemResponse r -> add(writes, r.consumedCapacity());
      case GetItemResponse r -> add(reads, r.consumedCapacity());
      case QueryResponse r -> add(reads, r.consumedCapacity());
      default -> {}
    }
  }

  private static void add(DoubleAdder to, ConsumedCapacity capacity) {
    if (capacity != null && capacity.capacityUnits() != null) {
      to.add(capacity.capacityUnits());
    }
  }
}
